import { createPrivateKey, createPublicKey, generateKeyPairSync, JsonWebKey, KeyObject, randomBytes } from 'node:crypto';

/*
 * Token keys. The gateway signs access tokens with an ECDSA P-256 private key (ES256); every
 * service holds only public keys, so a service that is broken into cannot mint a token. Keys are
 * JSON Web Keys (one line in an environment variable, the key id travels inside): the gateway
 * gets `JWT_PRIVATE_KEY` (one JWK with `d`), everyone gets `JWT_PUBLIC_KEYS` (a JWK Set). To
 * rotate, add the new public key to the set everywhere, then switch the gateway's private key,
 * then drop the old public key once the longest access token signed with it has expired.
 */

/** The signing algorithm: ES256 is what jsonwebtoken (under @nestjs/jwt) supports among compact elliptic-curve signatures; EdDSA it does not. */
export const TOKEN_ALGORITHM = 'ES256';

export interface VerificationKey {
  kid: string;
  pem: string;
}

export interface SigningKey {
  kid: string;
  pem: string;
}

function parseJson(value: string, what: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new Error(`${what} is not JSON (expected a JSON Web Key${what.includes('PUBLIC') ? ' Set: {"keys":[...]}' : ''})`);
  }
}

function assertP256(jwk: JsonWebKey & { kid?: string }, what: string): string {
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error(`${what}: each key must be an EC P-256 JWK (kty EC, crv P-256) for ES256`);
  if (typeof jwk.kid !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(jwk.kid)) throw new Error(`${what}: each key needs a kid (letters, digits, . _ -)`);
  return jwk.kid;
}

/** Parses `JWT_PUBLIC_KEYS` (a JWK Set of EC P-256 public keys, each with a kid). Throws a message naming the problem. */
export function parsePublicKeys(value: string, what = 'JWT_PUBLIC_KEYS'): VerificationKey[] {
  const set = parseJson(value, what) as { keys?: Array<JsonWebKey & { kid?: string }> };
  if (!Array.isArray(set?.keys) || set.keys.length === 0) throw new Error(`${what}: a JWK Set with at least one key, {"keys":[...]}`);
  const keys = set.keys.map((jwk) => {
    const kid = assertP256(jwk, what);
    if (jwk.d) throw new Error(`${what}: key ${kid} contains a private part (d); services hold public keys only`);
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    return { kid, pem };
  });
  const kids = keys.map((k) => k.kid);
  if (new Set(kids).size !== kids.length) throw new Error(`${what}: key ids must be distinct`);
  return keys;
}

/** Parses `JWT_PRIVATE_KEY` (one EC P-256 JWK with its private part and a kid). */
export function parsePrivateKey(value: string, what = 'JWT_PRIVATE_KEY'): SigningKey {
  const jwk = parseJson(value, what) as JsonWebKey & { kid?: string };
  const kid = assertP256(jwk, what);
  if (!jwk.d) throw new Error(`${what}: the key has no private part (d)`);
  const pem = createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { kid, pem };
}

/** The public half of a private JWK, as a JWK. */
export function publicJwkOf(privateJwk: JsonWebKey & { kid?: string }): JsonWebKey & { kid?: string } {
  const { d: _d, ...rest } = privateJwk;
  return rest;
}

/** A new key pair as JWKs (what infra/run provisions per profile, and tests use). */
export function generateTokenKeyPair(kid = `k-${randomBytes(6).toString('hex')}`): { kid: string; privateJwk: JsonWebKey; publicJwk: JsonWebKey } {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateJwk = { ...(privateKey as KeyObject).export({ format: 'jwk' }), kid, alg: TOKEN_ALGORITHM, use: 'sig' };
  return { kid, privateJwk, publicJwk: publicJwkOf(privateJwk) };
}
