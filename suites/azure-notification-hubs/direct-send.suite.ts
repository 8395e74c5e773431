import { defineSuite } from '../define-suite.js';

defineSuite('azure-notification-hubs/direct-send');
