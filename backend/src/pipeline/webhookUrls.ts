/** Where the services post their webhooks: under PUBLIC_BASE_URL, the address the platform is reached at. */

/** The URL Replicate posts a job's finished prediction to, or undefined without PUBLIC_BASE_URL. */
export function predictionWebhookUrl(publicBaseUrl: string | undefined, jobId: string): string | undefined {
  if (!publicBaseUrl) return undefined;
  return `${publicBaseUrl.replace(/\/+$/, '')}/webhooks/replicate?job=${encodeURIComponent(jobId)}`;
}

export function shopifyWebhookUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/webhooks/shopify`;
}
