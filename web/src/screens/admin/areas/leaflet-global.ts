import L from 'leaflet';

// Leaflet-Geoman's bundle extends the global `L`; this module runs first so that the global is the same
// Leaflet the maps are made with.
(globalThis as unknown as { L: typeof L }).L = L;
