export {
  SageMakerStudioAdminPage,
  SageMakerStudioAdminPageContent,
} from './AdminPage';
export { AdminLink } from './AdminLink';
