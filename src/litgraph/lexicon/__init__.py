"""The domain rules of scholarly text, each stated once: unicode folding (`fold`), name
particles and name parsing (`names`), years and their suffixes (`years`), places and publishers of
imprints (`imprint`), and words broken by a hyphen at a line end (`hyphens`).

This is the bottom layer: it imports nothing from litgraph but `errors`, so every layer above
may use it.
"""
