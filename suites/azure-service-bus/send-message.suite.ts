import { defineSuite } from '../define-suite.js';

defineSuite('azure-service-bus/send-message');
