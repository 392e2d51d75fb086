import type { GatewayConfig } from './config';

/** The gateway's own refusals in production mode (libs/platform adds the common ones). */
export function productionProblems(config: GatewayConfig): string[] {
  const problems: string[] = [];
  if (config.TRUST_PROXY === 'true') problems.push('TRUST_PROXY=true believes any X-Forwarded-For (sign-in throttling per address could be dodged); name your proxies, e.g. 10.0.0.0/8');
  return problems;
}
