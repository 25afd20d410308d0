// The enterprise profile (templates/applicant/enterprise.html): counties follow the prefecture.
import '../regions.js';
