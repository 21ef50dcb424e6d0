"""The commune's document register (sổ văn bản): kinds, numbering, signatories, issued records.

Every official document any app prints goes through `register`: a draft is a preview marked
"DỰ THẢO" without a number; issuing takes the number, renders the PDF once from a JSON snapshot
and stores the bytes, which every later download serves unchanged.
"""
