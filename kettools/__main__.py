from kettools.cli.main import main

main()
