"""The read-only web view and Atom feed of stored contacts (`talkwatch web`, also served by `serve`).

Reads through storage's query functions only; nothing in `storage/` or `extractors/` imports this package.
"""
