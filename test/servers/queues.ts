/**
 * CreateQueue, signed with SigV4 like any SQS client would: the queues a compatibility run sends
 * to. Independent of ruleprobe's own encoder and signer, so a defect there cannot make the setup
 * look right.
 */
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { request } from 'undici';

export interface QueueCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service: string;
}

/**
 * Creates a queue and returns its URL from the CreateQueue response; throws with the answer on
 * anything but 200. `hostName` replaces the host name in the Host header (the port stays), for a
 * server that builds the queue URL from it and later recognises only that name.
 */
export async function createQueue(baseUrl: string, name: string, attributes: Record<string, string>, creds: QueueCredentials, hostName?: string): Promise<string> {
  const form = new URLSearchParams({ Action: 'CreateQueue', Version: '2012-11-05', QueueName: name });
  Object.entries(attributes).forEach(([k, v], i) => {
    form.set(`Attribute.${i + 1}.Name`, k);
    form.set(`Attribute.${i + 1}.Value`, v);
  });
  const body = form.toString();
  const url = new URL(`${baseUrl}/`);
  const signer = new SignatureV4({ credentials: creds, region: creds.region, service: creds.service, sha256: Hash.bind(null, 'sha256') });
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: hostName ? `${hostName}:${url.port}` : url.host, 'content-type': 'application/x-www-form-urlencoded' },
      body,
    }),
  );
  // Generous: the first request to a freshly started server on a loaded machine can be slow.
  const res = await request(url, { method: 'POST', headers: signed.headers, body, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const text = await res.body.text();
  const queueUrl = /<QueueUrl>([^<]+)<\/QueueUrl>/.exec(text)?.[1];
  if (res.statusCode !== 200 || !queueUrl) throw new Error(`CreateQueue ${name} at ${baseUrl}: status ${res.statusCode}: ${text.slice(0, 1000)}`);
  return queueUrl;
}
