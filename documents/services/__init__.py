"""Every write of the documents app, one module per concern:

- `cache`: rendered PDFs in storage, keyed by a hash of their inputs (`Spec`);
- `rendered`: the documents the plan names (invitation, programme, backdrop);
- `programme`: the programme's published versions and their e-mail;
- `files`: the scheme and plan files Vụ CCHC uploads and publishes;
- `plan`: the plan file's `documents:` section;
- `targets`: what "Render all" and `render_documents` make.
"""
