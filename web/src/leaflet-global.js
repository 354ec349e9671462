import L from "leaflet";
window.L = L; // leaflet.markercluster extends the global L
export default L;
