import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import homePlugin from '@backstage/plugin-home/alpha';
import sageMakerStudioPlugin from '@studio-portal/plugin-sagemaker-studio';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { themeModule } from './modules/theme';

export default createApp({
  features: [
    catalogPlugin,
    homePlugin,
    sageMakerStudioPlugin,
    navModule,
    homeModule,
    signInModule,
    themeModule,
  ],
});
