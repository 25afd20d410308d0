"""The catalogue of support items parsed from the rules (2011) and the Measures (2022), and the
approval chains and programs generated from it. Pure data and SpiffWorkflow; never Flask."""
