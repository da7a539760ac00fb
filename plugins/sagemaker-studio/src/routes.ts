import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The SageMaker Studio page, mounted at /sagemaker-studio by default. */
export const rootRouteRef = createRouteRef();
