from pipeline.precompiled.build import main

main()
