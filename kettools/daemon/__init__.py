"""An optional warm process for instant answers on one file (`kettools daemon start`).

`client.py` hands a command line to it (standard library only); `server.py` runs each
command in a fresh fork of the warm process.
"""
