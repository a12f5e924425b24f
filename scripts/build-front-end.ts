import { ensureFrontEndBuilt } from '../src/front-end/build.ts';

// `npm run build`: what `npm start` does before it listens, for deployments that build ahead of time.
if (!(await ensureFrontEndBuilt())) console.log('The front end in dist/web is up to date.');
