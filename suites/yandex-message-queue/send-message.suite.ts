import { defineSuite } from '../define-suite.js';

defineSuite('yandex-message-queue/send-message');
