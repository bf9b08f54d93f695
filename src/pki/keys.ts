// RSA keys generated on libuv's thread pool, off the main thread: a caller that starts them early (the demo, before it
// loads the audit's modules) finds them ready when the code that signs with them has loaded.
import { generateKeyPair } from 'node:crypto';

/** The key form every certificate of src/pki is made from: RSA, the private key as PKCS#1 PEM. */
export function rsaPemOptions(bits: number) {
  return { modulusLength: bits, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } } as const;
}

/** `count` RSA private keys as PKCS#1 PEM. */
export function generateRsaKeys(count: number, bits = 2048): Promise<string[]> {
  const one = () =>
    new Promise<string>((resolve, reject) => generateKeyPair('rsa', rsaPemOptions(bits), (error, _publicKey, privateKey) => (error ? reject(error) : resolve(privateKey))));
  return Promise.all(Array.from({ length: count }, one));
}
