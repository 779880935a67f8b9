import { generatedSuite } from './generated-cases.js';

generatedSuite(102);
