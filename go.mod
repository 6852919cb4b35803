module httpfromscratch

go 1.26.8
