/** Open311 GeoReport v2 (and mySociety's servicerequestupdates) under /open311/v2. */
export { registerOpen311Routes, render, type Format, type Open311Options } from './routes.ts';
export { w3c } from './service.ts';
export { escapeXml, toXml, XML_DECLARATION } from './xml.ts';
