"""The default_seeds sensor: a plain `dagster dev` gets seed partitions 0..2 by itself."""

from dagster import (
    DefaultSensorStatus,
    SensorResult,
    SkipReason,
    build_sensor_context,
    instance_for_test,
)

from mle_pipeline.definitions import defs


def test_default_seeds_adds_only_the_missing_seeds_then_skips() -> None:
    sensor = defs.get_sensor_def("default_seeds")
    assert sensor.default_status == DefaultSensorStatus.RUNNING
    with instance_for_test() as instance:
        instance.add_dynamic_partitions("seed", ["1", "7"])
        result = sensor(build_sensor_context(instance=instance))
        assert isinstance(result, SensorResult)
        [request] = result.dynamic_partitions_requests
        assert request.partitions_def_name == "seed" and request.partition_keys == ["0", "2"]
        instance.add_dynamic_partitions("seed", request.partition_keys)  # as the daemon does
        assert isinstance(sensor(build_sensor_context(instance=instance)), SkipReason)
