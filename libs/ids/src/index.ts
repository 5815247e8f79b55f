export { uuidV7 } from './uuid-v7';
export { uuidV5, AMICUS_NAMESPACE } from './uuid-v5';
