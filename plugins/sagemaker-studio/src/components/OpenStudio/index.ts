export { OpenStudioContent } from './OpenStudioContent';
export { OpenStudioCard } from './OpenStudioCard';
