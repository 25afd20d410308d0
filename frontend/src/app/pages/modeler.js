// The administrators' modeler (templates/admin/modeler.html); after
// vendor/modeler/modeler.bundle.js (window.SmeModeler) and dmn-js (window.DmnJS).
import '../modeler.js';
