from nqpf.cli import main

main()
