// The seed and studio file formats live in @studio-portal/aws-local, shared
// with its CLI (`yarn aws-local`).
export {
  localStudioSchema,
  readYamlFile,
  seedDocumentSchema,
  type LocalStudio,
  type SeedDocument,
} from '@studio-portal/aws-local';
