// The applicant's case (templates/applicant/application.html); after the bpmn-js viewer. upload.js
// is inert without a form.upload, which only a case that takes uploads renders.
import '../diagram.js';
import '../upload.js';
