import { JwtService } from '@nestjs/jwt';
import { generateTokenKeyPair, parsePrivateKey, parsePublicKeys } from './keys';
import { TokenService } from './token.service';

const user = { id: 'u1', email: 'a@demo.clinic', name: 'A', roles: ['receptionist' as const], siteIds: ['site-downtown'] };
const jwk = (keys: object[]) => JSON.stringify({ keys });

describe('TokenService (ES256, key ids)', () => {
  const current = generateTokenKeyPair('k-2026-12');
  const previous = generateTokenKeyPair('k-2026-11');
  const gateway = new TokenService(new JwtService({}), { verify: parsePublicKeys(jwk([current.publicJwk, previous.publicJwk])), sign: parsePrivateKey(JSON.stringify(current.privateJwk)), accessTtlSeconds: 300 });
  const service = new TokenService(new JwtService({}), { verify: parsePublicKeys(jwk([current.publicJwk, previous.publicJwk])), accessTtlSeconds: 300 });

  it('signs ES256 with the key id in the header; a service verifies with the public key only', async () => {
    const token = await gateway.sign(user, { sessionId: 's1' });
    const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', kid: 'k-2026-12' });
    expect(await service.verify(token)).toMatchObject({ id: 'u1', roles: ['receptionist'], siteIds: ['site-downtown'], sessionId: 's1' });
  });

  it('accepts tokens of a key still in the set (rotation) and refuses an unknown key id', async () => {
    const old = new TokenService(new JwtService({}), { verify: parsePublicKeys(jwk([previous.publicJwk])), sign: parsePrivateKey(JSON.stringify(previous.privateJwk)), accessTtlSeconds: 300 });
    expect(await service.verify(await old.sign(user))).toMatchObject({ id: 'u1' });
    const stranger = generateTokenKeyPair('k-stranger');
    const foreign = new TokenService(new JwtService({}), { verify: parsePublicKeys(jwk([stranger.publicJwk])), sign: parsePrivateKey(JSON.stringify(stranger.privateJwk)), accessTtlSeconds: 300 });
    await expect(service.verify(await foreign.sign(user))).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });

  it('refuses a token signed by another key under a trusted key id', async () => {
    const impostor = generateTokenKeyPair('k-2026-12');
    const forger = new TokenService(new JwtService({}), { verify: parsePublicKeys(jwk([impostor.publicJwk])), sign: parsePrivateKey(JSON.stringify(impostor.privateJwk)), accessTtlSeconds: 300 });
    await expect(service.verify(await forger.sign(user))).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });

  it('refuses an HS256 token made with the public key as a secret (algorithm confusion)', async () => {
    const pem = parsePublicKeys(jwk([current.publicJwk]))[0].pem;
    const confused = await new JwtService({}).signAsync({ sub: 'u1', roles: ['office-manager'] }, { secret: pem, algorithm: 'HS256', keyid: 'k-2026-12', issuer: 'clinic-flow', audience: 'clinic-flow' });
    await expect(service.verify(confused)).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
  });

  it('cannot sign without the private key, and a challenge never passes as an access token', async () => {
    expect(() => service.sign(user)).toThrow(/only the gateway signs/);
    const challenge = await gateway.signChallenge('u1', 60);
    await expect(service.verify(challenge)).rejects.toMatchObject({ code: 'AUTH.TOKEN_INVALID' });
    expect(await service.verifyChallenge(challenge)).toBe('u1');
    await expect(service.verifyChallenge(await gateway.sign(user))).rejects.toMatchObject({ code: 'AUTH.CHALLENGE_INVALID' });
  });

  it('names what is wrong with a key set', () => {
    expect(() => parsePublicKeys('{"keys":[]}')).toThrow(/at least one key/);
    expect(() => parsePublicKeys(jwk([current.privateJwk]))).toThrow(/private part/);
    expect(() => parsePublicKeys(jwk([{ ...current.publicJwk, kid: undefined }]))).toThrow(/kid/);
  });
});
