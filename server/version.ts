/** The API version reported by `/`, `/v1/health` and the OpenAPI documents. */
export const VERSION = '1.0.0';
