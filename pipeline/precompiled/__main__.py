from pipeline.precompiled import main

main()
