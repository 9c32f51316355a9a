from nqpf.launch import main

main()
