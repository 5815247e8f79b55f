/**
 * The communications service's public entry: what tools (cli/, bench/, tests/) may call. Anything
 * else under src/ is the service's own.
 */
// Letters as the service renders them, and the sample case of the variable catalog: the letters-pdf benchmark.
export { composeLetter, paymentQrFor, type LetterDocument, type LetterInput } from './rendering/letter';
export { PdfRenderer, renderInFreshPage, type PdfPageOptions } from './rendering/pdf-pool';
export { DEFAULT_TEMPLATES } from './templates/default-templates/default-templates';
export { TEMPLATE_LANGUAGES, type TemplateLanguage } from './templates/template-kinds';
export { SAMPLE_CONTEXT, type TemplateContext } from './templates/template-variables';
