// Importing this module before any map is created gives every later map and layer Geoman's `pm` editor.
import './leaflet-global.ts';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
