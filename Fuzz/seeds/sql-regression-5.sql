DROP INDEX--squawk-ignore
í,N;DROP INDEX e