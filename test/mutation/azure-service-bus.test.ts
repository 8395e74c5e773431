import { mutationSuite } from './harness.js';

mutationSuite('azure-service-bus/send-message');
