# Monitoring reports arrive with their feature; the document plumbing lives in giamngheo.documents.
