/**
 * Hand-made inventories of the three seed API reference documents in
 * /work/shared/seeds/. Each item is one documented fact (method, URL placeholder,
 * header, value, limit, status code, field, ...) with a short verbatim quote from
 * the seed so a reviewer can find it. Written from the seeds alone, independently
 * of specs/. See README.md in this folder for the key grammar.
 */

export interface InventoryItem {
  key: string;
  quote: string;
}

/** 000_a86207686787fef9.txt — Azure Service Bus REST: Send Message */
const azureServiceBusSendMessage: InventoryItem[] = [
  // Request line
  { key: 'method:POST', quote: '|POST|http{s}://{serviceNamespace}.servicebus.Windows.net/{topic path}/messages|HTTP/1.1|' },
  { key: 'url:serviceNamespace', quote: 'http{s}://{serviceNamespace}.servicebus.Windows.net/{topic path}/messages' },
  { key: 'url:topic path', quote: 'http{s}://{serviceNamespace}.servicebus.Windows.net/{topic path}/messages' },
  { key: 'url:scheme=http{s}', quote: 'http{s}://{serviceNamespace}.servicebus.Windows.net/{topic path}/messages' },

  // Request headers
  { key: 'header:Authorization', quote: '|Authorization|Specifies a WRAPv0.9.7.2 token containing a SimpleWebToken acquired from ACS.' },
  { key: 'auth:WRAP', quote: 'Set to **WRAP access_token=”{swt}”**.' },
  { key: 'header:Content-Type', quote: '|Content-Type|Set to **application/atom+xml;type=entry;charset=utf-8**.|' },
  { key: 'value:Content-Type=application/atom+xml;type=entry;charset=utf-8', quote: 'Set to **application/atom+xml;type=entry;charset=utf-8**.' },
  { key: 'header:x-ms-retrypolicy', quote: '|x-ms-retrypolicy|(Optional) Set to `NoRetry`' },
  { key: 'value:x-ms-retrypolicy=NoRetry', quote: 'Set to `NoRetry` to disable automatic retry on send operations in the case of transient errors.' },

  // Request body
  { key: 'body:request', quote: 'Atom entry with the description embedded in the content.' },
  { key: 'example:request', quote: 'Atom entry with the description embedded in the content. For example:' },

  // Response codes
  { key: 'status:200', quote: '|200|OK. The resource has been successfully created or updated.|' },
  { key: 'status:400', quote: '|400|Bad Request. The request is invalid.|' },
  { key: 'status:401', quote: '|401|Unauthorized. The request is not authorized.|' },
  { key: 'status:409', quote: '|409|Conflict. The resource could not be updated due to a conflict|' },

  // Response headers
  { key: 'response-header:Content-type', quote: '|**Content-type**|Content-Type: application/atom+xml; type=entry|' },
  { key: 'response-value:Content-type=application/atom+xml; type=entry', quote: 'Content-Type: application/atom+xml; type=entry' },

  // Response body
  { key: 'body:response', quote: 'Upon success, a valid Atom entry is returned.' },
  { key: 'example:response', quote: 'Upon success, a valid Atom entry is returned. For example:' },
  { key: 'field:entry', quote: "<entry xmlns='http://www.w3.org/2005/Atom'>" },
  { key: 'field:id', quote: '<id>https://{serviceNamespace}.servicebus.Windows.net/{path}</id>' },
  { key: 'field:published', quote: '<published>{createdTime}</published>' },
  { key: 'field:updated', quote: '<updated>{lastUpdatedTime}</updated>' },
  { key: 'field:link', quote: "<link rel='self'>https://{serviceNamespace}.servicebus.Windows.net/{path} </link>" },
  { key: 'field:content', quote: "<content type='application/xml'>" },
  { key: 'value:content type=application/xml', quote: "<content type='application/xml'>" },
];

/** 002_a1876caddbc80856.txt — Yandex Message Queue: SendMessage */
const yandexMessageQueueSendMessage: InventoryItem[] = [
  // Request parameters
  { key: 'param:DelaySeconds', quote: '| `DelaySeconds` | **integer** | No |' },
  { key: 'limit:DelaySeconds.min=0', quote: 'Valid values: from 0 to 900.' },
  { key: 'limit:DelaySeconds.max=900', quote: 'Valid values: from 0 to 900.' },
  { key: 'param:MessageAttributeName.N', quote: '| `MessageAttributeName.N`<br/>`MessageAttributeValue.N` | **array** | No |' },
  { key: 'param:MessageAttributeValue.N', quote: '| `MessageAttributeName.N`<br/>`MessageAttributeValue.N` | **array** | No |' },
  { key: 'param:QueueUrl', quote: '| `QueueUrl` | **string** | Yes | URL of the queue where the message is placed. |' },
  { key: 'param:MessageBody', quote: '| `MessageBody` | **string** | Yes | Body of the message to send.' },
  { key: 'limit:MessageBody.max-bytes=262144', quote: 'The maximum size is 256 KB.' },
  { key: 'charset:MessageBody=#x9', quote: '<li>`#x9`</li>' },
  { key: 'charset:MessageBody=#xA', quote: '<li>`#xA`</li>' },
  { key: 'charset:MessageBody=#xD', quote: '<li>`#xD`</li>' },
  { key: 'charset:MessageBody=#x20-#xD7FF', quote: '<li>`from #x20 to #xD7FF`</li>' },
  { key: 'charset:MessageBody=#xE000-#xFFFD', quote: '<li>`from #xE000 to #xFFFD`</li>' },
  { key: 'charset:MessageBody=#x10000-#x10FFFF', quote: '<li>`from #x10000 to #x10FFFF`</li>' },

  // FIFO queue parameters
  { key: 'param:MessageDeduplicationId', quote: '| `MessageDeduplicationId` | **string** | No | ID of the token for message deduplication, used in FIFO queues.' },
  { key: 'limit:MessageDeduplicationId.max-chars=128', quote: 'If no `MessageDeduplicationId` is specified, a message will not be sent to a queue. The maximum length is 128 characters.' },
  { key: 'charset:MessageDeduplicationId=digits', quote: 'You can use numbers, upper and lowercase Latin letters, and punctuation marks.' },
  { key: 'charset:MessageDeduplicationId=uppercase-latin', quote: 'You can use numbers, upper and lowercase Latin letters, and punctuation marks.' },
  { key: 'charset:MessageDeduplicationId=lowercase-latin', quote: 'You can use numbers, upper and lowercase Latin letters, and punctuation marks.' },
  { key: 'charset:MessageDeduplicationId=punctuation', quote: 'You can use numbers, upper and lowercase Latin letters, and punctuation marks.' },
  { key: 'param:MessageGroupId', quote: '| `MessageGroupId` | **string** | No | ID of a message group, used in FIFO queues.' },
  { key: 'limit:MessageGroupId.max-chars=128', quote: 'ID of a message group, used in FIFO queues. The maximum length is 128 characters.' },
  { key: 'charset:MessageGroupId=digits', quote: 'You can use numbers, upper and lowercase Latin letters, and punctuation marks.' },
  { key: 'charset:MessageGroupId=uppercase-latin', quote: 'You can use numbers, upper and lowercase Latin letters, and punctuation marks.' },
  { key: 'charset:MessageGroupId=lowercase-latin', quote: 'You can use numbers, upper and lowercase Latin letters, and punctuation marks.' },
  { key: 'charset:MessageGroupId=punctuation', quote: 'You can use numbers, upper and lowercase Latin letters, and punctuation marks.' },

  // Sample request: Action and Version
  { key: 'param:Action', quote: 'Action=SendMessage' },
  { key: 'value:Action=SendMessage', quote: 'Action=SendMessage' },
  { key: 'param:Version', quote: '&Version=2012-11-05' },
  { key: 'value:Version=2012-11-05', quote: '&Version=2012-11-05' },

  // Response
  { key: 'body:response', quote: '### Successful response fields {#response-parameters}' },
  { key: 'field:MD5OfMessageAttributes', quote: '| `MD5OfMessageAttributes` | **string** | An MD5 digest of a message attribute string. |' },
  { key: 'field:MD5OfMessageBody', quote: '| `MD5OfMessageBody` | **string** | The MD5 digest of the message body. |' },
  { key: 'field:MessageId', quote: '| `MessageId` | **string** | ID of the message sent. |' },
  { key: 'field:SequenceNumber', quote: '| `SequenceNumber` | **string** | Message number specific to FIFO queues' },
  { key: 'limit:SequenceNumber.bits=128', quote: 'The number length is 128 bits' },
  { key: 'field:SendMessageResponse', quote: '<SendMessageResponse>' },
  { key: 'field:SendMessageResult', quote: '<SendMessageResult>' },
  { key: 'field:ResponseMetadata', quote: '<ResponseMetadata>' },
  { key: 'field:RequestId', quote: '<RequestId>75eb03b2-fba0e60e-b1c5641-12f7a5bc-2bf4e677831c06c5f9d7ea1063ffeb3f</RequestId>' },

  // Errors
  { key: 'status:400', quote: '| 400 | `UnsupportedOperation` | The operation is not supported. |' },
  { key: 'error:400 UnsupportedOperation', quote: '| 400 | `UnsupportedOperation` | The operation is not supported. |' },
  { key: 'error:400 InvalidMessageContents', quote: '| 400 | `InvalidMessageContents` | The message contains characters outside the allowed set. |' },

  // Samples
  { key: 'example:request', quote: '## Sample request {#request-example}' },
  { key: 'example:response', quote: '## Response example {#response-example}' },
];

/** 004_887e6bdbb35ec573.txt — Azure Notification Hubs: Direct send */
const azureNotificationHubsDirectSend: InventoryItem[] = [
  // Request line
  { key: 'method:POST', quote: '<td><p>POST</p></td>' },
  { key: 'url:namespace', quote: 'https://{namespace}.servicebus.windows.net/{NotificationHub}/messages/?direct&amp;api-version=2015-04' },
  { key: 'url:NotificationHub', quote: 'https://{namespace}.servicebus.windows.net/{NotificationHub}/messages/?direct&amp;api-version=2015-04' },
  { key: 'query:direct', quote: '/messages/?direct&amp;api-version=2015-04' },
  { key: 'query:api-version', quote: '/messages/?direct&amp;api-version=2015-04' },
  { key: 'value:api-version=2015-04', quote: '/messages/?direct&amp;api-version=2015-04' },

  // Request headers
  { key: 'header:Authorization', quote: '<td><p>Token generated as specified in Shared Access Signature Authentication with Service Bus' },
  { key: 'auth:SAS', quote: 'Token generated as specified in Shared Access Signature Authentication with Service Bus' },
  { key: 'auth:ACS', quote: 'Microsoft Azure Active Directory Access Control (also known as Access Control Service or ACS)' },
  { key: 'header:Content-Type', quote: 'Set the Content-Type header based on the target platform notification service below:' },
  { key: 'value:Content-Type=application/json;charset=utf-8', quote: 'GCM and APNS: Set to <strong>application/json;charset=utf-8</strong>.' },
  { key: 'value:Content-Type=application/xml', quote: 'or <strong>application/xml</strong>.' },
  { key: 'value:Content-Type=application/octet-stream', quote: 'set to <strong>application/octet-stream</strong>.' },
  { key: 'value:Content-Type=application/xml;charset=utf-8', quote: 'MPNS: Set to <strong>application/xml;charset=utf-8</strong>.' },
  { key: 'header:X-WNS-Type', quote: 'If the notification type (X-WNS-Type) is “wns/raw”' },
  { key: 'value:X-WNS-Type=wns/raw', quote: '(X-WNS-Type) is “wns/raw”' },
  { key: 'header:ServiceBusNotification-DeviceHandle', quote: '<td><p>ServiceBusNotification-DeviceHandle</p></td>' },
  { key: 'header:ServiceBusNotification-Tags', quote: '<td><p>ServiceBusNotification-Tags</p></td>' },
  { key: 'header:ServiceBusNotification-Format', quote: '<td><p>ServiceBusNotification-Format</p></td>' },
  { key: 'value:ServiceBusNotification-Format=windows', quote: '<li><p>windows</p></li>' },
  { key: 'value:ServiceBusNotification-Format=apple', quote: '<li><p>apple</p></li>' },
  { key: 'value:ServiceBusNotification-Format=gcm', quote: '<li><p>gcm</p></li>' },
  { key: 'value:ServiceBusNotification-Format=windows phone', quote: '<li><p>windows phone</p></li>' },
  { key: 'value:ServiceBusNotification-Format=adm', quote: '<li><p>adm</p></li>' },
  { key: 'value:ServiceBusNotification-Format=nokiax', quote: '<li><p>nokiax</p></li>' },
  { key: 'value:ServiceBusNotification-Format=baidu', quote: '<li><p>baidu</p></li>' },
  { key: 'header:x-ms-version', quote: '<td><p>x-ms-version</p></td>' },
  { key: 'value:x-ms-version=2015-04', quote: '<strong>2015-04</strong> (Supported by' },
  { key: 'value:x-ms-version=2015-01', quote: '(Supported by <strong>2015-01</strong> and later)' },

  // Request body
  { key: 'body:request', quote: 'Based on the platform type, the request body formats will change.' },

  // Response codes
  { key: 'status:201', quote: 'Message successfully sent.' },
  { key: 'status:400', quote: 'The request is malformed (for example, not valid routing headers, not valid content-type, message exceeds size, bad message format).' },
  { key: 'status:401', quote: 'Authorization failure. The access key was incorrect.' },
  { key: 'status:403', quote: 'Quota exceeded or message too large; message was rejected.' },
  { key: 'status:404', quote: 'No message branch at the URI.' },
  { key: 'status:413', quote: 'Requested entity too large. The message size cannot be over 64 Kb.' },
  { key: 'limit:body.max-bytes=65536', quote: 'The message size cannot be over 64 Kb.' },

  // Response headers
  { key: 'response-header:Content-Type', quote: '<td><p>application/xml; charset=utf-8</p></td>' },
  { key: 'response-value:Content-Type=application/xml; charset=utf-8', quote: 'application/xml; charset=utf-8' },
  { key: 'response-header:Location', quote: 'This header will contain the Notification Message ID.' },
  {
    key: 'response-value:Location=https://{your namespace}.servicebus.windows.net/{your hub name}/messages/{notification message id}?api-version=2015-04',
    quote: 'https://{your namespace}.servicebus.windows.net/{your hub name}/messages/{notification message id}?api-version=2015-04',
  },

  // Response body ("Response body is returned on success." vs "## Response Body / None.")
  { key: 'body:response', quote: 'Response body is returned on success.' },
];

export const inventories: Record<string, InventoryItem[]> = {
  'azure-service-bus/send-message': azureServiceBusSendMessage,
  'yandex-message-queue/send-message': yandexMessageQueueSendMessage,
  'azure-notification-hubs/direct-send': azureNotificationHubsDirectSend,
};
