from kettools.cli import main

main()
