import L from "leaflet";
window.L = L; // for plugins that extend the global L
export default L;
