export { SpecLoadError, formatProblem, type SpecProblem } from '../src/config/errors.js';
