export * from './template-kinds';
export * from './template-variables';
export * from './template-validation';
export * from './template-rendering';
export * from './template-versions';
export * from './template-resolver';
export { DEFAULT_TEMPLATES, DEFAULT_WORDING, defaultTemplate } from './default-templates/default-templates';
