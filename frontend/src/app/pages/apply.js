// The applicant's draft (templates/applicant/apply.html): autosave first, so uploads can flush it.
import '../autosave.js';
import '../upload.js';
