"""The tf.data service on one machine: a dispatcher and a worker in this process."""

import tensorflow as tf

service = tf.data.experimental.service
dispatcher = service.DispatchServer()  # picks a free port; coordinates the workers
dispatcher_address = dispatcher.target.split("://")[1]
worker = service.WorkerServer(service.WorkerConfig(dispatcher_address=dispatcher_address))

ds = tf.data.Dataset.range(8).map(lambda x: x * x)  # the preprocessing the workers run
ds = ds.apply(
    service.distribute(
        processing_mode=service.ShardingPolicy.OFF,  # each worker produces the whole dataset
        service=dispatcher.target,
    )
)
print("from the service:", [int(v) for v in ds.as_numpy_iterator()])
