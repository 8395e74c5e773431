import { mutationSuite } from './harness.js';

mutationSuite('azure-notification-hubs/direct-send');
