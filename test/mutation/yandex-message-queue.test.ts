import { mutationSuite } from './harness.js';

mutationSuite('yandex-message-queue/send-message');
