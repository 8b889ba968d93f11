/**
 * A pinned list of known-vulnerable version ranges, checked against package-lock.json by the
 * security scorecard. This is NOT a live audit: `npm audit` needs the registry's advisory
 * endpoint, which our registry mirror does not serve, so this list stands in for it. It knows
 * only the advisories written into it (from the GitHub Advisory Database, ids given) as of
 * LIST_DATE; anything published later is invisible to it. Update it when touching dependencies,
 * and run a real `npm audit` wherever the public registry is reachable.
 */
export const LIST_DATE = '2026-12-07';

export interface Advisory {
  readonly id: string;
  readonly package: string;
  /** semver range of affected versions. */
  readonly affected: string;
  readonly summary: string;
}

export const KNOWN_ADVISORIES: readonly Advisory[] = [
  {
    id: 'GHSA-qw6h-vgh9-j6wx',
    package: 'express',
    affected: '<4.20.0 || >=5.0.0-alpha.1 <5.0.0',
    summary: 'XSS via response.redirect()',
  },
  {
    id: 'GHSA-rv95-896h-c2vc',
    package: 'express',
    affected: '<4.19.2 || >=5.0.0-alpha.1 <5.0.0-beta.3',
    summary: 'open redirect with malformed URLs',
  },
  {
    id: 'GHSA-qwcr-r2fm-qrc7',
    package: 'body-parser',
    affected: '<1.20.3',
    summary: 'DoS when URL encoding is enabled',
  },
  {
    id: 'GHSA-wqch-xfxh-vrr4',
    package: 'body-parser',
    affected: '>=2.2.0 <2.2.1',
    summary: 'DoS with many URL-encoded parameters',
  },
  {
    id: 'GHSA-9wv6-86v2-598j',
    package: 'path-to-regexp',
    affected: '<0.1.10 || >=0.2.0 <1.9.0 || >=2.0.0 <3.3.0 || >=4.0.0 <6.3.0',
    summary: 'ReDoS with backtracking patterns',
  },
  {
    id: 'GHSA-rhx6-c78j-4q9w',
    package: 'path-to-regexp',
    affected: '<0.1.12',
    summary: 'ReDoS (incomplete fix of GHSA-9wv6)',
  },
  {
    id: 'GHSA-pxg6-pf52-xh8x',
    package: 'cookie',
    affected: '<0.7.0',
    summary: 'out-of-bounds characters in cookie name, path, domain',
  },
  { id: 'GHSA-m6fv-jmcg-4jfg', package: 'send', affected: '<0.19.0', summary: 'template injection leading to XSS' },
  {
    id: 'GHSA-cm22-4g7w-348p',
    package: 'serve-static',
    affected: '<1.16.0',
    summary: 'template injection leading to XSS',
  },
  {
    id: 'GHSA-hrpp-h998-j3pp',
    package: 'qs',
    affected:
      '<6.2.4 || >=6.3.0 <6.3.3 || >=6.4.0 <6.4.1 || >=6.5.0 <6.5.3 || >=6.6.0 <6.6.1 || >=6.7.0 <6.7.3 || >=6.8.0 <6.8.3 || >=6.9.0 <6.9.7 || >=6.10.0 <6.10.3',
    summary: 'prototype pollution',
  },
  {
    id: 'GHSA-3h5v-q93c-6h6q',
    package: 'ws',
    affected: '>=2.1.0 <5.2.4 || >=6.0.0 <6.2.3 || >=7.0.0 <7.5.10 || >=8.0.0 <8.17.1',
    summary: 'DoS with many HTTP headers',
  },
  { id: 'GHSA-3xgq-45jj-v275', package: 'cross-spawn', affected: '<6.0.6 || >=7.0.0 <7.0.5', summary: 'ReDoS' },
  {
    id: 'GHSA-jr5f-v2jv-69x6',
    package: 'axios',
    affected: '<0.30.0 || >=1.0.0 <1.8.2',
    summary: 'SSRF and credential leak via absolute URLs',
  },
  {
    id: 'GHSA-4hjh-wcwx-xvwj',
    package: 'axios',
    affected: '<0.30.2 || >=1.0.0 <1.12.0',
    summary: 'DoS through unbounded data: URIs',
  },
  {
    id: 'GHSA-c76h-2ccp-4975',
    package: 'undici',
    affected: '>=4.5.0 <5.28.5 || >=6.0.0 <6.21.1 || >=7.0.0 <7.2.3',
    summary: 'insufficiently random multipart boundary',
  },
  {
    id: 'GHSA-cxrh-j4jr-qwg3',
    package: 'undici',
    affected: '<5.29.0 || >=6.0.0 <6.21.2 || >=7.0.0 <7.5.0',
    summary: 'DoS via bad certificate data',
  },
  { id: 'GHSA-952p-6rrq-rcjv', package: 'micromatch', affected: '<4.0.8', summary: 'ReDoS' },
  { id: 'GHSA-grv7-fg5c-xmjg', package: 'braces', affected: '<3.0.3', summary: 'uncontrolled resource consumption' },
  {
    id: 'GHSA-v6h2-p8h4-qcjw',
    package: 'brace-expansion',
    affected: '>=1.0.0 <1.1.12 || >=2.0.0 <2.0.2 || >=3.0.0 <3.0.1 || >=4.0.0 <4.0.1',
    summary: 'ReDoS',
  },
  {
    id: 'GHSA-c2qf-rxjj-qqgw',
    package: 'semver',
    affected: '<5.7.2 || >=6.0.0 <6.3.1 || >=7.0.0 <7.5.2',
    summary: 'ReDoS',
  },
  { id: 'GHSA-72xf-g2v4-qvf3', package: 'tough-cookie', affected: '<4.1.3', summary: 'prototype pollution' },
  {
    id: 'GHSA-jchw-25xm-xf2h',
    package: 'follow-redirects',
    affected: '<1.15.6',
    summary: 'Proxy-Authorization kept across hosts',
  },
  {
    id: 'GHSA-mwcw-c2x4-8c55',
    package: 'nanoid',
    affected: '<3.3.8 || >=4.0.0 <5.0.9',
    summary: 'predictable results with non-integer sizes',
  },
  {
    id: 'GHSA-fjxv-7rqg-78g4',
    package: 'form-data',
    affected: '<2.5.4 || >=3.0.0 <3.0.4 || >=4.0.0 <4.0.4',
    summary: 'unsafe random multipart boundary',
  },
  {
    id: 'GHSA-76c9-3jph-rj3q',
    package: 'on-headers',
    affected: '<1.1.0',
    summary: 'HTTP response header manipulation',
  },
  {
    id: 'GHSA-h755-8qp9-cq85',
    package: 'protobufjs',
    affected: '>=6.10.0 <6.11.4 || >=7.0.0 <7.2.5',
    summary: 'prototype pollution',
  },
  {
    id: 'GHSA-mh29-5h37-fv8m',
    package: 'js-yaml',
    affected: '<3.14.2 || >=4.0.0 <4.1.1',
    summary: 'prototype pollution in merge (<<)',
  },
  {
    id: 'GHSA-5j98-mcp5-4vw2',
    package: 'glob',
    affected: '>=10.2.0 <10.5.0 || >=11.0.0 <11.1.0',
    summary: 'command injection in the CLI --cmd option',
  },
  { id: 'GHSA-52f5-9888-hmc6', package: 'tmp', affected: '<0.2.4', summary: 'arbitrary file write via symbolic link' },
  {
    id: 'GHSA-968p-4wvh-cqc8',
    package: '@babel/runtime',
    affected: '<7.26.10',
    summary: 'ReDoS in named capturing group transpilation',
  },
  {
    id: 'GHSA-vhxf-7vqr-mrjg',
    package: 'dompurify',
    affected: '<3.2.4',
    summary: 'XSS (incorrect template literal handling)',
  },
  {
    id: 'GHSA-mmhx-hmjr-r674',
    package: 'dompurify',
    affected: '<2.5.4 || >=3.0.0 <3.1.3',
    summary: 'mXSS through deep nesting',
  },
  { id: 'GHSA-x7hr-w5r2-h6wg', package: 'prismjs', affected: '<1.30.0', summary: 'DOM clobbering' },
  { id: 'GHSA-5v2h-r2cx-5xgj', package: 'marked', affected: '<4.0.10', summary: 'ReDoS' },
  {
    id: 'GHSA-r683-j2x4-v87g',
    package: 'node-fetch',
    affected: '<2.6.7 || >=3.0.0 <3.1.1',
    summary: 'cookie header forwarded to a third-party site',
  },
  { id: 'GHSA-mpg4-rc92-vx8v', package: 'fast-xml-parser', affected: '<4.4.1', summary: 'ReDoS with currency parsing' },
  {
    id: 'GHSA-gxpj-cx7g-858c',
    package: 'debug',
    affected: '<2.6.9 || >=3.0.0 <3.1.0 || >=3.2.0 <3.2.7 || >=4.0.0 <4.3.1',
    summary: 'ReDoS',
  },
  { id: 'GHSA-7fh5-64p2-3v2j', package: 'postcss', affected: '<8.4.31', summary: 'line return parsing error' },
  { id: 'GHSA-j8xg-fqg3-53r7', package: 'word-wrap', affected: '<1.2.4', summary: 'ReDoS' },
  { id: 'GHSA-f5x3-32g6-xq36', package: 'tar', affected: '<6.2.1', summary: 'DoS while parsing a tar file' },
  {
    id: 'GHSA-9crc-q9x8-hgqq',
    package: 'vitest',
    affected: '>=1.0.0 <1.6.1 || >=2.0.0 <2.1.9 || >=3.0.0 <3.0.5',
    summary: 'RCE when the API server is listening',
  },
  { id: 'GHSA-67mh-4wv8-2f99', package: 'esbuild', affected: '<=0.24.2', summary: 'dev server answers any website' },
];
