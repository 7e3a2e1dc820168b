// The site's settings, read by every page. apiBase is the blog API the pages read, public like the
// site itself. Locally `npm start` serves the API at this default; `npm run web -- --api <url>`
// serves this file with another value without changing it, and `azd deploy` uploads a copy whose
// apiBase is the deployed API (API_BASE_URL; infra/hooks/web-predeploy.*), this file unchanged.
export default {
  apiBase: 'http://localhost:7071/api',
  // Articles per page on the home, tag, category and search pages; a page's own ?limit=
  // (1 to 100) takes precedence.
  pageSize: 10,
  siteName: 'The Blog',
};
