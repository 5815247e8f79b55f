export { spreadsheetText } from './formula-injection';
