// Two versions side by side (templates/admin/diff.html); after the bpmn-js viewer.
import '../diff.js';
