"""`kettools lsp`: findings while the editor writes (a language server on pygls).

`projects.py` loads and reloads the projects; `features.py` says what a checked article
shows (hover, code actions, fixes); `server.py` speaks the protocol.
"""
